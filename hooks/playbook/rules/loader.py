"""Loader-level rule ids: reported while files are read (source.py, schema.py, load.py, references.py).

They are declared here so that the rule reference lists them and rules.yml
can change their severity. The four ids that mean "this file could not be
read at all" are fixed: a file the loader skipped would otherwise vanish
from the site and the feeds without an error, so they are always errors.
"""

from __future__ import annotations

from .base import declare

_MODULE = __name__

declare("yaml.syntax", '''
A YAML block cannot be read: a syntax error, an anchor or alias, an explicit tag, or nesting deeper than 8 levels.

For the usual mistakes the hint gives the corrected line to copy: a value
with ": " in it is quoted (`title: "Gift guide: part two"`), a tab becomes
spaces at the indentation of the line's neighbours, a `key: value` line
among `- item` lines is shown as an item.

Always an error (cannot be changed in rules.yml): the file is skipped, so
nothing in it would reach the site or the feeds.

**Passes**

```yaml
title: Teaser
channel: [instagram, x]
```

**Fails**

```yaml
title: Teaser
channel: [instagram, x        # the flow list is never closed
```
''', module=_MODULE, fixed=True)

declare("yaml.duplicate-key", '''
The same key appears twice in one mapping.

Always an error: YAML libraries disagree on which value wins, so Playbook
keeps neither.

**Passes**

```yaml
status: draft
```

**Fails**

```yaml
status: draft
status: approved
```
''', module=_MODULE, fixed=True)

declare("file.encoding", '''
A file is not UTF-8 text, contains control characters, is a symbolic link or is larger than 512 KB.

Always an error: the file is not read.

**Passes**: a UTF-8 file (a byte-order mark and CRLF line ends are fine).

**Fails**: a file saved as Latin-1 (`caf\\xe9`), or containing an invisible
U+0007 character.
''', module=_MODULE, fixed=True)

declare("file.front-matter", '''
A Markdown file has no front-matter block, the block is not closed, is not a mapping, or the file is in a folder Playbook does not read.

Always an error: the file is not read.

**Passes**

```markdown
---
title: Teaser
---
The copy.
```

**Fails**

```markdown
title: Teaser
The copy, with no '---' fences around the keys.
```
''', module=_MODULE, fixed=True)

declare("schema.missing", '''
A required key is missing (for example a post without `status`).

**Passes**

```yaml
title: Teaser
channel: instagram
publish_at: 2027-04-05 10:00
author: ben-writer
status: draft
```

**Fails**

```yaml
title: Teaser
channel: instagram
publish_at: 2027-04-05 10:00
author: ben-writer
```
''', module=_MODULE)

declare("schema.unknown", '''
A key that the file format does not define (usually a typo), an unknown rule id or an unknown rule option in rules.yml.

The hint suggests the closest known key.

**Passes**

```yaml
status: draft
```

**Fails**

```yaml
stauts: draft      # did you mean 'status'?
```
''', module=_MODULE)

declare("schema.type", '''
A value has the wrong type: text where a list is expected, a list where a mapping is expected, and so on.

**Passes**

```yaml
media:
  - file: teaser.png
    alt: A shoe on a wet track
```

**Fails**

```yaml
media: teaser.png
```
''', module=_MODULE)

declare("schema.value", '''
A value has the right type but is not allowed: an unknown status, flag or category, an invalid id, date or duration, a window that ends before it starts.

**Passes**

```yaml
status: in-review
```

**Fails**

```yaml
status: reviewed
```
''', module=_MODULE)

declare("ref.campaign", '''
A post names a campaign that has no brief in calendar/campaigns/, or sits in a folder that does not match its `campaign` key.

**Passes**: `content/posts/spring-launch/teaser.md` with
`calendar/campaigns/spring-launch.md` present.

**Fails**: `content/posts/spring-lunch/teaser.md` (no campaign
`spring-lunch`).
''', module=_MODULE)

declare("ref.person", '''
A person id (author, owner, approver, protocol team member) is not in policies/team.yml.

**Passes**

```yaml
author: ben-writer
```

**Fails**

```yaml
author: ben-writter
```
''', module=_MODULE)

declare("ref.role", '''
A role (in team.yml, rules.yml, an approval, `who_may_send`, `escalate_to`) is not declared under `roles:` in policies/team.yml.

**Passes**

```yaml
who_may_send: everyone
```

**Fails**

```yaml
who_may_send: care-leed
```
''', module=_MODULE)

declare("ref.channel", '''
A channel id is not declared in calendar/channels.yml.

**Passes**

```yaml
channel: [instagram, x]
```

**Fails**

```yaml
channel: [instagram, twitter]
```
''', module=_MODULE)

declare("ref.media", '''
A media file does not exist under content/media, or its path leaves that folder.

**Passes**

```yaml
media:
  - file: teaser.png
    alt: A shoe on a wet track
```

**Fails**

```yaml
media:
  - file: ../../secrets.png
    alt: Nothing good
```
''', module=_MODULE)

declare("ref.duplicate-id", '''
Two entries share one id (for example two people with the same `id` in team.yml).

**Passes**: every `id:` under `people:` is different.

**Fails**

```yaml
people:
  - {id: ana-lead, name: Ana Lead}
  - {id: ana-lead, name: Ana Other}
```
''', module=_MODULE)

declare("time.nonexistent", '''
A local wall-clock time that does not exist in its zone: the clocks spring forward over it.

The hint suggests giving an explicit offset.

**Passes**

```yaml
publish_at: 2027-03-28 03:30      # Europe/Berlin: after the change
```

**Fails**

```yaml
publish_at: 2027-03-28 02:30      # Europe/Berlin: 02:00 to 03:00 is skipped
```
''', module=_MODULE)

declare("time.ambiguous", '''
A local wall-clock time that happens twice in its zone: the clocks fall back over it.

Give an explicit offset to say which of the two you mean.

**Passes**

```yaml
publish_at: 2027-10-31T02:30+02:00   # the first 02:30 in Europe/Berlin
```

**Fails**

```yaml
publish_at: 2027-10-31 02:30         # Europe/Berlin: happens at +02:00 and at +01:00
```
''', module=_MODULE)
