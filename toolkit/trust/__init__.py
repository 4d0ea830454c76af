"""Trusts: one trust file (`trust.yaml`) that many school profiles `extends:`.

``toolkit.trust.model`` holds the trust file's schema and loading; ``toolkit.inheritance`` merges a
chain of files into one school profile with the file and line of every value;
``toolkit.trust.report`` writes the consistency report over a batch build.
"""

from .model import (TRUST_KEYS, TrustConfig, TrustModel, classify_yaml, load_trust_file,
                    trust_policy_profile)

__all__ = ["TRUST_KEYS", "TrustConfig", "TrustModel", "classify_yaml", "load_trust_file",
           "trust_policy_profile"]
