//! GIFT.
