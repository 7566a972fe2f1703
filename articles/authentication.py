"""Bearer-token authentication against hashed, revocable API tokens."""

from datetime import timedelta

from django.utils import timezone
from rest_framework import authentication, exceptions

from .models import ApiToken
from .models.tokens import digest

# Writing last_used_at on every request would turn reads into writes; once a minute is enough.
LAST_USED_PRECISION = timedelta(minutes=1)


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                "The Authorization header must be 'Bearer <token>'."
            )
        raw = parts[1].decode("latin-1")
        token = ApiToken.objects.active().select_related("user").filter(key_digest=digest(raw))
        token = token.first()
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("The token is invalid, expired or revoked.")
        self._touch(token)
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'

    @staticmethod
    def _touch(token):
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
