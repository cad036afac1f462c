// placeholder: replaced as lib/d1client grows
