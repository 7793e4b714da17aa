public enum SlipwayEnginePlaceholder {}
