"""征求意见: contact points, consultations, comments and their dispositions, minutes import, anchoring, statistics, letters."""
