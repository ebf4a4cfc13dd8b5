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
