"""NNS's own budget plan: income and cost lines, columns per year and kind (outcome, budget,
forecast), the table for the board and the meeting papers, and the follow-up of the fees."""
