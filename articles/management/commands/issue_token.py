from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand
from django.utils import timezone

from articles.models import ApiToken

EDITOR_PERMISSIONS = ["add_article", "change_article", "delete_article", "view_article"]


class Command(BaseCommand):
    help = "Create an API token for USERNAME (creating the user if needed); prints it last."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--editor", action="store_true", help="Grant write permissions.")
        parser.add_argument("--name", default="", help="What the token is for.")
        parser.add_argument("--days", type=int, default=None, help="Expire after N days.")

    def handle(self, *args, username, editor, name, days, **options):
        user, created = get_user_model().objects.get_or_create(username=username)
        if created:
            user.set_unusable_password()
            user.save()
            self.stdout.write(f"Created user {username}.")
        if editor:
            user.user_permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="articles", codename__in=EDITOR_PERMISSIONS
                )
            )
            self.stdout.write(f"Granted {username} write access to articles.")
        expires_at = timezone.now() + timedelta(days=days) if days else None
        _, raw = ApiToken.issue(user, name=name, expires_at=expires_at)
        self.stdout.write(raw)
