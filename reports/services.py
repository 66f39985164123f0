"""Writes of the reports app."""

from .rollups import rollups_rebuild


def rollups_refresh() -> dict[str, int]:
    """The daily refresh of the report's summary tables (for the beat schedule): everything
    recomputed from the raw tables. The domain events keep the rows exact during the day;
    this also brings in what no event announces (a person moved to another unit changes
    which ideas count as supported or developed by other units) and repairs any row a
    lost event left behind."""
    return rollups_rebuild()
