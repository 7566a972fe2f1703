"""The documentation pages, served with everything they need from this host alone."""

from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView

# The pages load scripts, styles, fonts and images from here only (ReDoc's bundle would
# otherwise fetch a logo from its CDN); ReDoc runs its search in a blob worker.
DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; "
    "connect-src 'self'; frame-ancestors 'none'"
)


def local_only(view):
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Content-Security-Policy"] = DOCS_POLICY
        return response

    return wrapped


@method_decorator(local_only, name="dispatch")
class SwaggerView(SpectacularSwaggerView):
    pass


@method_decorator(local_only, name="dispatch")
class RedocView(SpectacularRedocView):
    template_name = "docs/redoc.html"
