"""Publishing: a static Linked Data site of the graph; the entry point is :func:`owlgraph.publishing.site.publish`."""
