module examples.mixed

entity Task "Task":
	id: uuid pk
    title: str(200) required
    permit:
	    read: role(admin)
