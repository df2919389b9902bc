"""Loads the vocabularies in seed/*.json into the database (used by the data migration; safe to run again)."""

import json
from pathlib import Path
from typing import Any

SEED_DIR = Path(__file__).resolve().parent / "seed"

TERM_FILES = {
    "Level": "levels.json",
    "Kind": "kinds.json",
    "TechnologyTag": "tags.json",
    "OpeningMode": "opening_modes.json",
    "Qualification": "qualifications.json",
}
TERM_FIELDS = ("name_zh", "name_en", "description_zh", "description_en")


def read(name: str) -> Any:
    with open(SEED_DIR / name, encoding="utf-8") as handle:
        return json.load(handle)


def _term_defaults(entry: dict[str, Any], order: int, extra: tuple[str, ...] = ()) -> dict[str, Any]:
    values = {field: entry.get(field, "") or "" for field in TERM_FIELDS}
    values["sort_order"] = order
    for field in extra:
        if field in entry:
            values[field] = entry[field]
    return values


def seed_taxonomy(apps: Any) -> None:
    aspect_model = apps.get_model("taxonomy", "Aspect")
    domain_model = apps.get_model("taxonomy", "Domain")
    domains = read("domains.json")
    aspects = {}
    for order, entry in enumerate(domains["aspects"]):
        aspects[entry["code"]], _ = aspect_model.objects.update_or_create(
            code=entry["code"], defaults=_term_defaults(entry, order)
        )
    for order, entry in enumerate(domains["domains"]):
        defaults = _term_defaults(entry, order)
        defaults["aspect"] = aspects[entry["aspect"]]
        defaults["official_wording"] = bool(entry.get("official_wording", True))
        domain_model.objects.update_or_create(code=entry["code"], defaults=defaults)
    extras = {"Level": ("min_trl",), "TechnologyTag": ("synonyms",)}
    for model_name, file_name in TERM_FILES.items():
        model = apps.get_model("taxonomy", model_name)
        for order, entry in enumerate(read(file_name)):
            model.objects.update_or_create(
                code=entry["code"], defaults=_term_defaults(entry, order, extras.get(model_name, ()))
            )
    _seed_regions(apps.get_model("taxonomy", "Region"))


def _seed_regions(region_model: Any) -> None:
    entries = sorted(read("regions.json"), key=lambda e: (e.get("parent") is not None, e["code"]))
    for entry in entries:
        region_model.objects.update_or_create(
            code=entry["code"],
            defaults={
                "name_zh": entry["name_zh"],
                "name_en": entry["name_en"],
                "level": entry["level"],
                "parent_id": entry.get("parent"),
            },
        )
