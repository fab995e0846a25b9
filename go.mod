module saisine

go 1.26.8
