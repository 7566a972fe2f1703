"""A counter bumped after every committed change to the content, for cheap validators."""

from django.db import models


class ContentState(models.Model):
    """A single row; its `version` names the state of everything the API serves."""

    version = models.BigIntegerField(default=1)

    class Meta:
        verbose_name = "content state"

    def __str__(self):
        return f"content version {self.version}"
