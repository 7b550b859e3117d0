// Vue's full build (with the template compiler), which the Vue page test uses to compile the documented template.
declare module 'vue/dist/vue.esm-bundler.js' {
  export * from 'vue';
}
