"""Brief each negotiation alone and count its gold meetings under "When and where"."""
