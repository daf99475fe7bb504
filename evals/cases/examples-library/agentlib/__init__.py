from agentlib.agent import Agent  # noqa: F401
