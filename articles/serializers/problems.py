"""The shape of RFC 9457 problem details, for the schema and for per-item errors."""

from rest_framework import serializers


class ProblemFieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField(
        allow_null=True, help_text="Dotted path of the field or the parameter name."
    )
    # "in" is a Python keyword, so the field is declared under another name and renamed.
    location = serializers.ChoiceField(choices=["body", "query"], help_text="Where it was sent.")
    reason = serializers.CharField()
    code = serializers.CharField(help_text="Machine-readable reason, e.g. `required`.")

    def get_fields(self):
        fields = super().get_fields()
        fields["in"] = fields.pop("location")
        return fields


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField(help_text="URI reference identifying the problem type.")
    title = serializers.CharField(help_text="Short summary of the problem type.")
    status = serializers.IntegerField(help_text="The HTTP status code.")
    detail = serializers.CharField(help_text="Explanation specific to this occurrence.")
    errors = ProblemFieldErrorSerializer(many=True, required=False)
