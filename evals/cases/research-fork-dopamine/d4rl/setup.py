from setuptools import setup

setup(name="rlkit", packages=["rlkit"])
