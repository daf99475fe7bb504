from pydantic import BaseModel


class Customer(BaseModel):
    tenure: int
    monthly_charges: float
