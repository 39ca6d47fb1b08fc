var e=Object.create,t=Object.defineProperty,n=Object.getOwnPropertyDescriptor,r=Object.getOwnPropertyNames,i=Object.getPrototypeOf,a=Object.prototype.hasOwnProperty,o=(e,t,n)=>()=>{if(n)throw n[0];try{return e&&(t=e(e=0)),t}catch(e){throw n=[e],e}},s=(e,t)=>()=>(t||(e((t={exports:{}}).exports,t,t.exports),e=null),t.exports),c=(e,n)=>{let r=Object.setPrototypeOf({},null);for(var i in e)t(r,i,{get:e[i],enumerable:!0});return n&1||t(r,Symbol.toStringTag,{value:`Module`}),n&2?r:Object.preventExtensions(r)},l=(e,i,o,s)=>{if(i&&typeof i==`object`||typeof i==`function`)for(let c of r(i))!a.call(e,c)&&c!==o&&(s=n(i,c),t(e,c,{get:s&&s.get&&!s.configurable?s.get:()=>i[c],enumerable:!s||s.enumerable}));return e},u=(n,r,o)=>(o=n==null?{}:e(i(n)),l(r||!n||!n.__esModule||!a.call(n,`default`)?t(o,`default`,{value:n,enumerable:!0}):o,n)),d=e=>a.call(e,`module.exports`)?e[`module.exports`]:l(t({},`__esModule`,{value:!0}),e),f=class extends Error{code;constructor(e,t){super(e),this.code=t}},p=`supplygraph.key`;function m(){return sessionStorage.getItem(p)??``}function h(e){sessionStorage.setItem(p,e)}function g(){sessionStorage.removeItem(p)}async function _(e,t,n={}){let r=await fetch(`/graphql`,{method:`POST`,headers:{"Content-Type":`application/json`,Authorization:`Bearer `+e},body:JSON.stringify({query:t,variables:n})}),i;try{i=await r.json()}catch{throw new f(`the server answered ${r.status}`,`INTERNAL`)}if(i.errors?.length){let e=i.errors[0];throw new f(e.message,e.extensions?.code??`INTERNAL`)}return i.data}var v=`query ChainView($focal: ID!, $code: ID!, $asOf: Date, $maxDepth: Int, $threshold: Float) {
  chainView(focal: $focal, code: $code, asOf: $asOf, maxDepth: $maxDepth, threshold: $threshold) {
    focal code asOf maxDepth threshold
    columns { ids names kinds tiers statuses reached open exposure }
    sources targets shares
    tiers { tier companies covered stale pending notRequested reached coverage openEnds ackGap visibilityGap uncovered }
    firstUncoveredTier truncated
    risks { id category base weight score node partner path }
    risksComplete
    byCategory { category count maxScore }
    byPartner { partner count maxScore }
  }
}`;function y(e){let t=e.columns,n=Array(t.ids.length);for(let e=0;e<t.ids.length;e++)n[e]={id:t.ids[e],name:t.names[e],kind:t.kinds[e],tier:t.tiers[e],status:t.statuses[e],reached:t.reached[e],open:t.open[e],exposure:t.exposure[e]};let{columns:r,...i}=e;return{...i,nodes:n}}var b=`query Me { me { keyId role company { id name } } codesOfConduct { id title } }`,x=`query Search($s: String) { companies(search: $s, first: 20) { edges { node { id name kind } } } }`,S=1e3,C=`query Impact($source: ID!, $asOf: Date, $maxDepth: Int, $first: Int) {
  impact(source: $source, asOf: $asOf, maxDepth: $maxDepth) {
    affectedConnection(first: $first) { totalCount edges { node { company { id name kind } distance weight path { id } } } }
    buyers { id name }
  }
}`,w=`query RiskPaths($from: ID!, $to: ID!, $asOf: Date, $maxDepth: Int) {
  riskPaths(from: $from, to: $to, asOf: $asOf, maxDepth: $maxDepth, limit: 20) { nodes { id } hops weight }
}`,T=`query Details($id: ID!, $asOf: Date) {
  company(id: $id) {
    id name kind country disclosure metal rmiId rmapStatus(asOf: $asOf)
    acknowledgments(asOf: $asOf) { code { id } edition date current }
    declarations { id template version effective scope smelters { metal smelterId } }
    requests { requester { id } code { id } date }
    made: requests(direction: MADE) { supplier { id } code { id } date }
    findings { id category severity likelihood status detected }
    facilities { id name type country }
  }
}`;export{d as _,S as a,x as c,_ as d,h as f,c as g,o as h,C as i,g as l,s as m,v as n,b as o,m as p,T as r,w as s,f as t,y as u,u as v};