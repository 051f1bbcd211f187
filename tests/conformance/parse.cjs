// Read .ics files with two independent JavaScript parsers and print what each understood.
//
//   node parse.cjs icaljs|nodeical FILE...
//
// Prints one JSON object: {file: [{uid, start, end, allDay, status, summary}]}, where start and end
// are UTC instants ("2027-03-14T07:30:00Z") for timed events and calendar dates ("2027-04-01") for
// all-day ones. ical.js (Mozilla Thunderbird's parser) is given only the feed's own VTIMEZONEs, so it
// tests them; node-ical resolves TZIDs through Intl and reads the content lines independently.
"use strict";

const fs = require("fs");

// Resolved from this folder's node_modules (npm install --prefix tests/conformance).
const ICAL = require("ical.js");
const nodeical = require("node-ical");

function iso(date) {
  return date.toISOString().replace(/\.000Z$/, "Z");
}

function pad(n) {
  return String(n).padStart(2, "0");
}

function withIcaljs(text) {
  ICAL.TimezoneService.reset();
  const root = new ICAL.Component(ICAL.parse(text));
  for (const tz of root.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  }
  return root.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    const start = event.startDate;
    const end = event.endDate;
    const allDay = start.isDate;
    return {
      uid: event.uid,
      start: allDay ? start.toString() : iso(start.toJSDate()),
      end: allDay ? end.toString() : iso(end.toJSDate()),
      allDay,
      status: vevent.getFirstPropertyValue("status"),
      summary: event.summary,
    };
  });
}

function localDate(date) {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function withNodeical(text) {
  const data = nodeical.sync.parseICS(text);
  const out = [];
  for (const key of Object.keys(data)) {
    const item = data[key];
    if (!item || item.type !== "VEVENT") continue;
    const allDay = Boolean(item.start && item.start.dateOnly) || item.datetype === "date";
    out.push({
      uid: item.uid,
      start: allDay ? localDate(item.start) : iso(item.start),
      end: allDay ? localDate(item.end) : iso(item.end),
      allDay,
      status: item.status,
      summary: typeof item.summary === "string" ? item.summary : item.summary && item.summary.val,
    });
  }
  return out;
}

const [mode, ...files] = process.argv.slice(2);
const parse = { icaljs: withIcaljs, nodeical: withNodeical }[mode];
if (!parse || files.length === 0) {
  process.stderr.write("usage: node parse.cjs icaljs|nodeical FILE...\n");
  process.exit(2);
}
const result = {};
for (const file of files) {
  result[file] = parse(fs.readFileSync(file, "utf8"));
}
process.stdout.write(JSON.stringify(result));
