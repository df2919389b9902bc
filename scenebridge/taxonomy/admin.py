from django.contrib import admin

from scenebridge.taxonomy import models


@admin.register(models.Aspect, models.Kind, models.OpeningMode, models.Qualification)
class TermAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display: tuple[str, ...] = ("code", "name_zh", "name_en", "sort_order", "active")
    list_editable = ("sort_order", "active")
    search_fields = ("code", "name_zh", "name_en")


@admin.register(models.Domain)
class DomainAdmin(TermAdmin):
    list_display = ("code", "name_zh", "name_en", "aspect", "official_wording", "sort_order", "active")
    list_filter = ("aspect",)


@admin.register(models.Level)
class LevelAdmin(TermAdmin):
    list_display = ("code", "name_zh", "name_en", "min_trl", "sort_order", "active")


@admin.register(models.TechnologyTag)
class TechnologyTagAdmin(TermAdmin):
    list_display = ("code", "name_zh", "name_en", "synonyms", "sort_order", "active")


@admin.register(models.Region)
class RegionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "name_zh", "name_en", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name_zh", "name_en")
