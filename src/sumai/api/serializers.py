from __future__ import annotations

from rest_framework import serializers

from sumai.places.models import Municipality, Prefecture


class PrefectureSerializer(serializers.ModelSerializer[Prefecture]):
    class Meta:
        model = Prefecture
        fields = ["code", "lg_code", "name", "kana", "population", "lat", "lon"]


class MunicipalitySerializer(serializers.ModelSerializer[Municipality]):
    prefecture_code = serializers.CharField(source="prefecture_id")
    parent_code = serializers.CharField(source="parent_id", allow_null=True)

    class Meta:
        model = Municipality
        fields = [
            "code",
            "name",
            "kana",
            "kind",
            "prefecture_code",
            "parent_code",
            "population",
            "lat",
            "lon",
        ]


class AuthoritySerializer(serializers.Serializer[dict[str, str]]):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(
        choices=["prefecture", "designated_city", "core_city", "registration_body"]
    )


class PostalSerializer(serializers.Serializer[dict[str, object]]):
    postal_code = serializers.CharField()
    prefecture_code = serializers.CharField()
    prefecture = serializers.CharField()
    municipality_code = serializers.CharField(allow_null=True)
    municipality = serializers.CharField()
    town = serializers.CharField(allow_blank=True)
    alternates = serializers.ListField(child=serializers.CharField())


class MeSerializer(serializers.Serializer[dict[str, object]]):
    kind = serializers.ChoiceField(choices=["user", "token"])
    organisations = serializers.ListField(child=serializers.DictField())


class RulesOutputSerializer(serializers.Serializer[dict[str, object]]):
    """The output shapes are documented in docs/domain.md."""


class LedgerPaymentSerializer(serializers.Serializer[dict[str, object]]):
    """One payment made for the unit (schema only: the domain reads and checks the body strictly)."""

    paid_on = serializers.DateField(help_text="YYYY-MM-DD; not after the end of `month`.")
    program = serializers.ChoiceField(choices=["rent_reduction", "guarantee_fee"])
    national = serializers.IntegerField(min_value=0)
    local = serializers.IntegerField(min_value=0)
    contract = serializers.CharField(required=False, allow_null=True)


class LedgerSerializer(serializers.Serializer[dict[str, object]]):
    """The body of ``POST /api/v1/rules/ledger``; unknown keys are refused (HTTP 400 naming the key)."""

    granted_on = serializers.DateField(help_text="The grant date; picks the parameter files.")
    month = serializers.DateField(help_text="Any day of the month asked about.")
    payments = LedgerPaymentSerializer(many=True)
    contract = serializers.CharField(required=False, allow_null=True)
    period_start = serializers.DateField(required=False, allow_null=True)


class LedgerStatusSerializer(serializers.Serializer[dict[str, object]]):
    month = serializers.CharField(help_text="YYYY-MM")
    rent_national_this_month = serializers.IntegerField()
    rent_local_this_month = serializers.IntegerField()
    guarantee_national = serializers.IntegerField()
    guarantee_local = serializers.IntegerField()
    national_total_remaining = serializers.IntegerField()
    local_total_remaining = serializers.IntegerField()
    rent_period_start = serializers.DateField(allow_null=True)
    rent_period_end = serializers.DateField(allow_null=True)
    findings = serializers.ListField(child=serializers.DictField())
