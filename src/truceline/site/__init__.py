"""The public record as a static website anyone can verify (``truceline publish site|verify``)."""
