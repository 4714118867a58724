// CodeInventory
