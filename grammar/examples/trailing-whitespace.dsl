module examples.trailing   

entity Task "Task":   
  id: uuid pk 	
  title: str(200)  

  
