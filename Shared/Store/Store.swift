// Store module
