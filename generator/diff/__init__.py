"""The API changelog: changes between two versions of a spec, each breaking or not."""
