/** from-scratch's own version, as the SBOM names its creator (`Tool: from-scratch-<version>`); a test keeps it equal to package.json's. */
export const TOOL_VERSION = '0.1.0'
export const TOOL_NAME = 'from-scratch'
