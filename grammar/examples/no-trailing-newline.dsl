module examples.no_newline

entity Task "Task":
  id: uuid pk
  permit:
    read: role(admin)