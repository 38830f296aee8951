"""Allow ``python -m cpec_verify``."""

from cpec_verify.cli import main

if __name__ == "__main__":
    main()
