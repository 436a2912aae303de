-- A recurring meeting with a fixed time (type 8) is kept as its occurrences, one row each with its
-- own time, from Zoom's `GET /meetings/{id}`. `series` names the list item they came from, so an
-- unchanged series is not asked for again.
ALTER TABLE myscihub.zoom_meetings ADD COLUMN occurrence_id TEXT;
ALTER TABLE myscihub.zoom_meetings ADD COLUMN series TEXT;
