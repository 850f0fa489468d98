export default {
  compilerOptions: {
    // runes mode for our own components, so legacy syntax cannot creep in
    runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true),
  },
}
