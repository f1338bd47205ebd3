SELECT "Id" FROM "Order Items" WHERE "select" IS NOT 'a "quoted" ''value'''
