"""Money: fee invoicing (``invoicing``) and NNS's own budget plan (``plan``)."""
