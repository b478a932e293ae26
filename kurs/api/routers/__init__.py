"""The API's endpoints, one router per kind of object."""
