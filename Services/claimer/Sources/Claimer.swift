// Claimer
