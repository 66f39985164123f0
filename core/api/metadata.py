"""What OPTIONS answers under /api/: the endpoint's name and description and the media
types it reads and writes, with the methods it takes in the Allow header. The fields of
each request are in the schema (/api/schema/); DRF's default would also describe them by
loading the object the URL names, which views without a queryset (a support, a follow)
cannot do."""

from rest_framework.metadata import SimpleMetadata


class Metadata(SimpleMetadata):
    def determine_metadata(self, request, view):
        return {
            "name": view.get_view_name(),
            "description": view.get_view_description(),
            "renders": [renderer.media_type for renderer in view.renderer_classes],
            "parses": [parser.media_type for parser in view.parser_classes],
        }
