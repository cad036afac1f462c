// placeholder: replaced as lib/migrate grows
