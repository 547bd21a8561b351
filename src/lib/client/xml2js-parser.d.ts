// xml2js's parser alone: its index also loads the builder (xmlbuilder, 31 modules), which
// toXml does not use. The parser module's exports are typed by @types/xml2js's index.
declare module 'xml2js/lib/parser.js' {
  export {Parser} from 'xml2js'
}
