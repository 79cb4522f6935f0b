/* analyzer/output/report_check.c - see report_check.h. A report is an
 * object whose tool.name is "portlens" and whose schema_version is an
 * integer the views know; the sections the views draw are checked for
 * their type where present, so a hand-edited file gives a message, not a
 * wrong picture. */
#include <stdio.h>
#include <string.h>
#include "analyzer/output/report.h"
#include "analyzer/output/report_check.h"

static const char *const object_sections[] = { "capture", "decode", "protocols",
	"flows", "ports", "detectors", "timeline" };
static const char *const array_sections[] = { "scans", "knocks" };

int report_check(const json_t *doc, char *err, size_t errlen)
{
	const char *tool = json_string_value(json_object_get(json_object_get(doc, "tool"), "name"));
	json_t *ver = json_object_get(doc, "schema_version");
	if (!json_is_object(doc) || !tool || strcmp(tool, "portlens") != 0) {
		snprintf(err, errlen, "not a portlens report (no tool.name \"portlens\")");
		return -1;
	}
	if (!json_is_integer(ver)) {
		snprintf(err, errlen, "not a portlens report (no integer schema_version)");
		return -1;
	}
	json_int_t v = json_integer_value(ver);
	if (v < REPORT_CHECK_OLDEST_VERSION || v > REPORT_SCHEMA_VERSION) {
		snprintf(err, errlen, "report schema version %lld is not one this portlens "
			 "knows (%d to %d)", (long long)v, REPORT_CHECK_OLDEST_VERSION,
			 REPORT_SCHEMA_VERSION);
		return -1;
	}
	for (size_t i = 0; i < sizeof(object_sections) / sizeof(object_sections[0]); i++) {
		json_t *sec = json_object_get(doc, object_sections[i]);
		if (sec && !json_is_object(sec)) {
			snprintf(err, errlen, "damaged report: \"%s\" is not an object",
				 object_sections[i]);
			return -1;
		}
	}
	for (size_t i = 0; i < sizeof(array_sections) / sizeof(array_sections[0]); i++) {
		json_t *sec = json_object_get(doc, array_sections[i]);
		if (sec && !json_is_array(sec)) {
			snprintf(err, errlen, "damaged report: \"%s\" is not an array",
				 array_sections[i]);
			return -1;
		}
	}
	return 0;
}
