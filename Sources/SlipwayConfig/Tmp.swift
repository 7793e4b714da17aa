public enum SlipwayConfigPlaceholder {}
