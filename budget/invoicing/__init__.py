"""Fee invoicing: each member's yearly invoice (membership, service and indicator fees), credit
notes, the PDF, e-mail and reminders, payments, the SIE export for the accountant."""
