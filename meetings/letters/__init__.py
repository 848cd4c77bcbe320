"""The board's letters to all members after each board meeting: written in Markdown, sent by
e-mail through the outbox, kept in an archive on the portal, with an opt-out."""
