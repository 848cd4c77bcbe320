"""Personal data: what the portal holds about a person (the register extract), how long it
keeps it (retention and anonymisation), and the person's right to erasure."""
