"""Publishing: a static Linked Data site of the graph (see :mod:`owlgraph.publish.site`).

``owlgraph.publish`` is this package and, called, :func:`owlgraph.publish.site.publish`::

    import owlgraph
    owlgraph.publish(out="site")          # == owlgraph.publish.site.publish(out="site")

>>> import owlgraph
>>> callable(owlgraph.publish), owlgraph.publish.publish is owlgraph.publish
(True, True)
"""

import sys
import types


class _CallablePackage(types.ModuleType):
    """The package, callable as its main function (the name is both a package and the API's verb)."""

    def __call__(self, *args, **kwargs):
        from owlgraph.publish.site import publish

        return publish(*args, **kwargs)

    @property
    def publish(self):
        return self


sys.modules[__name__].__class__ = _CallablePackage
