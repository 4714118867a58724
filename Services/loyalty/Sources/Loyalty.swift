// Loyalty
