module examples.crlf

entity Task "Task":
  id: uuid pk
  title: str(200)
