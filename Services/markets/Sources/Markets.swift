// Markets
