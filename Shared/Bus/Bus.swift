// Bus module
