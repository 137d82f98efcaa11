class InvalidRequest(ValueError):
    """The request breaks the contract; ``problems`` holds one ``path: message`` line each."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class SolverFailed(RuntimeError):
    """The solver stopped without an optimal or infeasible verdict (time limit, numerics)."""
