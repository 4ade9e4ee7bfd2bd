/** Preview stand-in for `@salesforce/user/Id`: a fixed id for the one preview user. */
export default '005000000000001AAA';
